/**
 * AWS puts the caller's ARN in its errors ("User: arn:aws:sts::111122223333:
 * assumed-role/Scanner/session is not authorized to perform …"). That is the
 * portal's own identity: readers of the API learn nothing from it that they
 * need, and an attacker learns which principal to target. It is replaced
 * before an error is stored.
 */
const CALLER =
  /arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(?:user|assumed-role|role|federated-user)\/[^\s,;"']+/g;

/** The message with every IAM or STS principal ARN replaced. */
export function redactIdentity(message: string): string {
  return message.replace(CALLER, "[the portal's AWS identity]");
}
