'use client';
import { useEffect } from 'react';

/** Marks the document once React has hydrated it, so the check knows the page is interactive. */
export function Hydrated() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
