/** Lambda functions' resource-based policies (AddPermission / RemovePermission), one per function and qualifier. */

export interface FunctionPolicyRecord {
  functionName: string;
  /** '' for the function itself (unqualified, which covers $LATEST); a version or an alias otherwise. */
  qualifier: string;
  /** Each statement as the JSON text AddPermission answered with, in the order they were added. */
  statements: string[];
  /** Changes with every write: optimistic concurrency for AddPermission and RemovePermission. */
  revisionId: string;
}

/**
 * A policy belongs to its function: deleting the function deletes its policies, and no policy is written for a
 * function that does not exist.
 */
export interface FunctionPolicyStore {
  getPolicy(functionName: string, qualifier: string): Promise<FunctionPolicyRecord | undefined>;
  /**
   * Writes the policy if the stored one still has the revision `expectedRevisionId` (undefined: none is stored yet)
   * and its function exists; false otherwise, and nothing changes.
   */
  savePolicy(policy: FunctionPolicyRecord, expectedRevisionId: string | undefined): Promise<boolean>;
  /** Removes the policy if its revision is still `expectedRevisionId`; false otherwise. */
  deletePolicy(functionName: string, qualifier: string, expectedRevisionId: string): Promise<boolean>;
}
