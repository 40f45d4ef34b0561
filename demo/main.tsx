import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../src/styles.css';
import './shop.css';
import { readConfig } from './config';
import { Shop } from './Shop';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Shop config={readConfig()} />
  </StrictMode>,
);
