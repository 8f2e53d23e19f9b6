import '@testing-library/jest-dom';

// jsdom has no ResizeObserver; @xyflow/react measures its nodes with one.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as never;
