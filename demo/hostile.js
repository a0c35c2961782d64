/** The hostile page's elements run as whoever is signed in to Acme Studio (or as a visitor). */
import { configureElements } from './session.js';
import { applyTheme } from './theme.js';

configureElements(document);
applyTheme();
