import { defineSettingsContract } from './contract/settings.contract.ts';
import { nodeTarget } from './harness.ts';

defineSettingsContract('node', () => nodeTarget());
