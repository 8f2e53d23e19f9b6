export * from './types';
export * from './LandingZoneClient';
export * from './vending';
export * from './whatIf';
export * from './alerts';
