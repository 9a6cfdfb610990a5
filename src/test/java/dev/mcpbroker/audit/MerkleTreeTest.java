package dev.mcpbroker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RFC 6962 reference vectors, as published in transparency-dev/merkle testonly/constants.go
 * (LeafInputs, RootHashes, NodeHashes) and certificate-transparency's merkle tree tests.
 */
class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243",
      "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
  private static final String[] ROOTS = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

  private static List<byte[]> leafHashes() {
    List<byte[]> out = new ArrayList<>();
    for (String l : LEAVES) {
      out.add(MerkleTree.leafHash(HEX.parseHex(l)));
    }
    return out;
  }

  private static List<byte[]> hashes(String... hex) {
    return List.of(hex).stream().map(HEX::parseHex).toList();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
  void rootOfPrefix_matchesReferenceVector(int size) {
    assertThat(HEX.formatHex(MerkleTree.root(leafHashes().subList(0, size)))).isEqualTo(ROOTS[size]);
  }

  @Test
  void compactRange_matchesReferenceVectorAfterEveryAppend() {
    CompactRange range = new CompactRange();
    assertThat(HEX.formatHex(range.root())).isEqualTo(ROOTS[0]);
    for (byte[] leaf : leafHashes()) {
      range.append(leaf);
      assertThat(HEX.formatHex(range.root())).isEqualTo(ROOTS[(int) range.size()]);
    }
  }

  @Test
  void compactRange_agreesWithRecursiveRootUpTo300Leaves() {
    CompactRange range = new CompactRange();
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] leaf = MerkleTree.leafHash(new byte[] {(byte) i, (byte) (i >> 8)});
      leaves.add(leaf);
      range.append(leaf);
      assertThat(range.root()).isEqualTo(MerkleTree.root(leaves));
    }
  }

  @Test
  void consistencyProofs_matchPublishedVectors() {
    List<byte[]> d = leafHashes();
    assertThat(MerkleTree.consistencyProof(d, 1, 8)).containsExactlyElementsOf(hashes(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
    assertThat(MerkleTree.consistencyProof(d, 6, 8)).containsExactlyElementsOf(hashes(
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
    assertThat(MerkleTree.consistencyProof(d, 2, 5)).containsExactlyElementsOf(hashes(
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
  }

  @Test
  void consistencyProofs_forAllPairsUpTo8_verifyAgainstReferenceRoots() {
    List<byte[]> d = leafHashes();
    for (int m = 1; m <= 8; m++) {
      for (int n = m; n <= 8; n++) {
        List<byte[]> proof = MerkleTree.consistencyProof(d, m, n);
        assertThat(MerkleTree.verifyConsistency(m, n, HEX.parseHex(ROOTS[m]),
            HEX.parseHex(ROOTS[n]), proof)).as("m=%d n=%d", m, n).isTrue();
      }
    }
  }

  @Test
  void consistencyProofs_forAllPairsUpTo70_verify() {
    List<byte[]> d = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      d.add(MerkleTree.leafHash(new byte[] {(byte) i}));
    }
    for (int m = 1; m <= 70; m++) {
      for (int n = m; n <= 70; n++) {
        assertThat(MerkleTree.verifyConsistency(m, n, MerkleTree.root(d.subList(0, m)),
            MerkleTree.root(d.subList(0, n)), MerkleTree.consistencyProof(d, m, n)))
            .as("m=%d n=%d", m, n).isTrue();
      }
    }
  }

  @Test
  void wrongProofs_failVerification() {
    List<byte[]> d = leafHashes();
    byte[] r3 = HEX.parseHex(ROOTS[3]);
    byte[] r7 = HEX.parseHex(ROOTS[7]);
    List<byte[]> proof = MerkleTree.consistencyProof(d, 3, 7);
    assertThat(MerkleTree.verifyConsistency(3, 7, r3, r7, proof)).isTrue();

    List<byte[]> flipped = new ArrayList<>(proof);
    byte[] bad = flipped.get(1).clone();
    bad[0] ^= 1;
    flipped.set(1, bad);
    assertThat(MerkleTree.verifyConsistency(3, 7, r3, r7, flipped)).isFalse();
    assertThat(MerkleTree.verifyConsistency(3, 7, r3, r7, proof.subList(0, proof.size() - 1)))
        .isFalse();
    assertThat(MerkleTree.verifyConsistency(2, 7, r3, r7, proof)).isFalse();
    assertThat(MerkleTree.verifyConsistency(3, 7, HEX.parseHex(ROOTS[4]), r7, proof)).isFalse();
    assertThat(MerkleTree.verifyConsistency(3, 7, r3, HEX.parseHex(ROOTS[8]), proof)).isFalse();
    assertThat(MerkleTree.verifyConsistency(4, 4, HEX.parseHex(ROOTS[4]), r7, List.of()))
        .isFalse();
  }
}
