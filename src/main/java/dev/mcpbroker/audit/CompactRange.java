package dev.mcpbroker.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a growing Merkle tree in O(log n) memory: the roots of its maximal perfect subtrees.
 *
 * <p>Design note: a tree of size n decomposes into perfect subtrees, one per set bit of n, left
 * to right from the highest bit. Appending a leaf merges the rightmost subtrees while they have
 * equal height (binary carry), and the RFC 9162 root folds the subtree roots from the right:
 * {@code MTH = H(s0, H(s1, ... H(s_{j-1}, s_j)))}, which is exactly the split at the largest
 * power of two. Not thread-safe: the log's writer thread owns it.
 */
public final class CompactRange {
  private final List<byte[]> roots = new ArrayList<>();
  private final MessageDigest sha = MerkleTree.sha256(); // one per range: no look-up per hash
  private long size;

  /** Appends one leaf hash ({@code SHA-256(0x00 ‖ entry)}). */
  public void append(byte[] leafHash) {
    byte[] carry = leafHash;
    for (long s = size; (s & 1) == 1; s >>= 1) {
      carry = MerkleTree.nodeHash(sha, roots.remove(roots.size() - 1), carry);
    }
    roots.add(carry);
    size++;
  }

  /** Returns the number of leaves appended. */
  public long size() {
    return size;
  }

  /** Returns the RFC 9162 root of the leaves appended so far. */
  public byte[] root() {
    if (roots.isEmpty()) {
      return MerkleTree.emptyRoot();
    }
    byte[] r = roots.get(roots.size() - 1);
    for (int i = roots.size() - 2; i >= 0; i--) {
      r = MerkleTree.nodeHash(sha, roots.get(i), r);
    }
    return r;
  }
}
