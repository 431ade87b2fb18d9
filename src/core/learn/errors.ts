// The Learn view's one error type: the model (or the input) does not fit a lesson, with the file,
// tensor or op named so the view can say exactly what is missing.

export class LearnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LearnError';
  }
}
