export * from './types';
export * from './LandingZoneClient';
