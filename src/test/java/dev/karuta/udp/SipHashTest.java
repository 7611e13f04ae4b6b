package dev.karuta.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SipHashTest {
    /** The reference vectors (veorq/SipHash vectors.h): key 00..0f, input 00..n-1 for n = 0..35. */
    private static final long[] VECTORS = {
        0x726fdb47dd0e0e31L, 0x74f839c593dc67fdL, 0x0d6c8009d9a94f5aL, 0x85676696d7fb7e2dL,
        0xcf2794e0277187b7L, 0x18765564cd99a68dL, 0xcbc9466e58fee3ceL, 0xab0200f58b01d137L,
        0x93f5f5799a932462L, 0x9e0082df0ba9e4b0L, 0x7a5dbbc594ddb9f3L, 0xf4b32f46226bada7L,
        0x751e8fbc860ee5fbL, 0x14ea5627c0843d90L, 0xf723ca908e7af2eeL, 0xa129ca6149be45e5L,
        0x3f2acc7f57c29bdbL, 0x699ae9f52cbe4794L, 0x4bc1b3f0968dd39cL, 0xbb6dc91da77961bdL,
        0xbed65cf21aa2ee98L, 0xd0f2cbb02e3b67c7L, 0x93536795e3a33e88L, 0xa80c038ccd5ccec8L,
        0xb8ad50c6f649af94L, 0xbce192de8a85b8eaL, 0x17d835b85bbb15f3L, 0x2f2e6163076bcfadL,
        0xde4daaaca71dc9a5L, 0xa6a2506687956571L, 0xad87a3535c49ef28L, 0x32d892fad841c342L,
        0x7127512f72f27cceL, 0xa7f32346f95978e3L, 0x12e0b01abb051238L, 0x15e034d40fa197aeL,
    };

    private static byte[] sequence(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void matchesTheReferenceVectors() {
        SipHash h = new SipHash(sequence(16));
        byte[] input = sequence(VECTORS.length);
        for (int n = 0; n < VECTORS.length; n++) {
            assertEquals(VECTORS[n], h.hash(input, 0, n), "input length " + n);
        }
    }

    @Test
    void honoursTheOffset() {
        SipHash h = new SipHash(sequence(16));
        byte[] shifted = new byte[20];
        System.arraycopy(sequence(15), 0, shifted, 5, 15);
        assertEquals(VECTORS[15], h.hash(shifted, 5, 15));
    }

    @Test
    void hashWithSuffixEqualsTheHashOfTheConcatenation() {
        SipHash h = new SipHash(sequence(16));
        for (int n = 4; n < VECTORS.length; n++) {
            byte[] head = sequence(n - 4);
            int suffix = (n - 4) << 24 | (n - 3) << 16 | (n - 2) << 8 | (n - 1);
            assertEquals(VECTORS[n], h.hashWithSuffix(head, suffix), "input length " + n);
        }
    }

    @Test
    void dependsOnTheKey() {
        byte[] other = sequence(16);
        other[0] = 1;
        assertNotEquals(new SipHash(sequence(16)).hash(sequence(8), 0, 8), new SipHash(other).hash(sequence(8), 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new SipHash(new byte[15]));
    }
}
