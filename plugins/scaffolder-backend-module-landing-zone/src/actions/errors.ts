import { InputError, isError, ResponseError } from '@backstage/errors';

/**
 * Runs a call to the landing-zone backend, turning its answers about the
 * input (400, and 409: taken since it was checked) into an InputError with
 * the backend's own message, which names the field and what to do. Anything
 * else (the backend down, a 500) is rethrown as it is.
 */
export async function asInputErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (
      error instanceof ResponseError &&
      (error.response.status === 400 || error.response.status === 409)
    ) {
      throw new InputError(stripPrefix(error.body.error.message));
    }
    if (
      isError(error) &&
      (error.name === 'InputError' || error.name === 'ConflictError')
    ) {
      throw new InputError(error.message);
    }
    throw error;
  }
}

// The router's schema errors start so; the field and the problem follow.
function stripPrefix(message: string): string {
  return message.replace(/^Invalid request: /, '');
}
