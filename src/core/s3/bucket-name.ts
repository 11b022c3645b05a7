/**
 * S3's bucket naming rules: 3–63 characters of lower-case letters, digits, dots and hyphens, beginning and ending
 * with a letter or digit, no two adjacent dots, and not shaped like an IP address.
 */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..')) return false;
  return !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}
