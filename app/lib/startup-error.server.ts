/** A start-up failure the user can fix; scripts print its message as one line and exit 1. */
export class StartupError extends Error {
  override name = "StartupError";
}
