package dev.mcpbroker.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes RFC 9162 (and RFC 6962) Merkle tree hashes, roots and consistency proofs over a list
 * of leaf hashes.
 *
 * <p>Design note: {@code MTH(D[n])} splits at the largest power of two {@code k < n}; a
 * consistency proof (RFC 9162 §2.1.4) is the list of subtree hashes that lets a holder of the
 * root at size m recompute both that root and the root at size n. These functions take leaf
 * hashes (already {@code SHA-256(0x00 ‖ entry)}) and recurse, so they cost O(n) hashes; the live
 * log keeps only a {@link CompactRange}.
 */
public final class MerkleTree {
  private MerkleTree() {}

  /** Returns {@code SHA-256(0x00 ‖ data)}. */
  public static byte[] leafHash(byte[] data) {
    return leafHash(sha256(), data, 0, data.length);
  }

  /** Returns {@code SHA-256(0x00 ‖ data[off, off + len))} with {@code md}, which it resets. */
  static byte[] leafHash(MessageDigest md, byte[] data, int off, int len) {
    md.reset();
    md.update((byte) 0x00);
    md.update(data, off, len);
    return md.digest();
  }

  /** Returns {@code SHA-256(0x01 ‖ left ‖ right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    return nodeHash(sha256(), left, right);
  }

  /** Returns {@code SHA-256(0x01 ‖ left ‖ right)} with {@code md}, which it resets. */
  static byte[] nodeHash(MessageDigest md, byte[] left, byte[] right) {
    md.reset();
    md.update((byte) 0x01);
    md.update(left);
    return md.digest(right);
  }

  /** Returns the root of the empty tree, {@code SHA-256("")}. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** Returns {@code MTH} of the given leaf hashes. */
  public static byte[] root(List<byte[]> leafHashes) {
    return leafHashes.isEmpty() ? emptyRoot() : mth(leafHashes, 0, leafHashes.size());
  }

  /** Returns the consistency proof {@code PROOF(m, D[n])} for {@code 0 < m <= n}. */
  public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int m, int n) {
    if (m <= 0 || m > n || n > leafHashes.size()) {
      throw new IllegalArgumentException(
          "sizes: m=" + m + ", n=" + n + " (expected: 0 < m <= n <= " + leafHashes.size() + ")");
    }
    List<byte[]> proof = new ArrayList<>();
    subproof(leafHashes, m, 0, n, true, proof);
    return proof;
  }

  /**
   * Verifies a consistency proof between the root at size m and the root at size n (RFC 9162
   * §2.1.4.2): true if the tree of size n extends the tree of size m.
   */
  public static boolean verifyConsistency(
      long m, long n, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (m < 0 || m > n) {
      return false;
    }
    if (m == n) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    if (m == 0) {
      return proof.isEmpty(); // the empty tree is a prefix of every tree
    }
    List<byte[]> path = new ArrayList<>(proof);
    if (Long.bitCount(m) == 1) {
      path.add(0, oldRoot);
    }
    if (path.isEmpty()) {
      return false;
    }
    long fn = m - 1;
    long sn = n - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
  }

  private static void subproof(List<byte[]> d, int m, int from, int to, boolean complete,
      List<byte[]> out) {
    int n = to - from;
    if (m == n) {
      if (!complete) {
        out.add(mth(d, from, to));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(d, m, from, from + k, complete, out);
      out.add(mth(d, from + k, to));
    } else {
      subproof(d, m - k, from + k, to, false, out);
      out.add(mth(d, from, from + k));
    }
  }

  private static byte[] mth(List<byte[]> d, int from, int to) {
    if (to - from == 1) {
      return d.get(from);
    }
    int k = largestPowerOfTwoBelow(to - from);
    return nodeHash(mth(d, from, from + k), mth(d, from + k, to));
  }

  static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
