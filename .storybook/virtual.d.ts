/** .storybook/custom-elements.ts: the custom-elements manifest (schema 2.x) as a module. */
declare module 'virtual:genshelf/custom-elements' {
  const manifest: {
    schemaVersion: string;
    modules: { kind: string; path: string; declarations?: { name: string; tagName?: string; members?: { kind: string; name: string; privacy?: string; static?: boolean; attribute?: string }[] }[] }[];
  };
  export default manifest;
}
