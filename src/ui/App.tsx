export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Quant Lab</h1>
        <p>Post-training dynamic range quantization for TensorFlow Lite, in your browser.</p>
      </header>
      <main />
    </div>
  );
}
