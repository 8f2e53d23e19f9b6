export { landingZonePlugin as default } from './plugin';
