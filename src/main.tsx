import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from './state/store';
import { App } from './ui/App';
import './ui/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Once per page load (outside React, so StrictMode's double effects cannot run it twice): bring
// back the saved model, or load the ?fixture= model in dev.
void useStore.getState().restoreSession();
