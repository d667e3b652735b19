package sim

import "math/bits"

// Bitsets mark the few non-zero entries of dense tables so that hot loops visit them in
// ascending index order, the order the equations sum in, without scanning the zeros.

// words returns the number of uint64 words of a bitset of n bits.
func words(n int) int { return (n + 63) >> 6 }

func setBit(set []uint64, i int) { set[i>>6] |= 1 << (i & 63) }

// lowestBit returns the index of the lowest set bit of word w of a bitset and w without it.
func lowestBit(w int, word uint64) (int, uint64) {
	return w<<6 | bits.TrailingZeros64(word), word & (word - 1)
}

func hasBit(set []uint64, i int) bool { return set[i>>6]&(1<<(i&63)) != 0 }
