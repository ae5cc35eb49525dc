export { createObjective } from './objective-placeholder.js';
