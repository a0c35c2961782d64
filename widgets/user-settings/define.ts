/** Registers `<user-settings>` (guarded: a second copy of this file is harmless). */
import { UserSettings } from './user-settings.ts';

UserSettings.define('user-settings');

export { UserSettings };
