/** A file or folder name every file system (and ZIP reader) takes: no separators, reserved or control characters. */
export const safeFileName = (name: string): string => name.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_');
