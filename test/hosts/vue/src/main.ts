import { createApp } from 'vue';
import 'genshelf/elements/job-stats.js';
import 'genshelf/elements/recent-work.js';
import App from './App.vue';

createApp(App).mount('#app');
