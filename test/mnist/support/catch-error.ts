/** The error `attempt` throws or rejects with; fails the test if there is none. */
export async function catchError(attempt: () => unknown): Promise<Error> {
  try {
    await attempt();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but none was thrown');
}
