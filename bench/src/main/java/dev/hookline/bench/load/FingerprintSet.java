package dev.hookline.bench.load;

/**
 * A set of longs in one open-addressing table, for {@link DuplicateCounter}. Not
 * thread-safe: the caller locks it.
 *
 * <p>
 * 0 marks an empty slot, so the fingerprint 0 is stored as 1 (merging two of 2⁶⁴
 * fingerprints). The table doubles when 70 % full: linear probing stays short and a table
 * is between 35 % and 70 % full.
 */
final class FingerprintSet {

	private static final int INITIAL_CAPACITY = 1 << 10;

	private long[] slots = new long[INITIAL_CAPACITY];

	private int size;

	/** Adds a fingerprint; false when it was already present. */
	boolean add(long fingerprint) {
		long value = (fingerprint == 0) ? 1 : fingerprint;
		if (!insert(this.slots, value)) {
			return false;
		}
		this.size++;
		if (this.size * 10L > this.slots.length * 7L) {
			grow();
		}
		return true;
	}

	int size() {
		return this.size;
	}

	void clear() {
		this.slots = new long[INITIAL_CAPACITY];
		this.size = 0;
	}

	private void grow() {
		long[] bigger = new long[this.slots.length * 2];
		for (long value : this.slots) {
			if (value != 0) {
				insert(bigger, value);
			}
		}
		this.slots = bigger;
	}

	private static boolean insert(long[] table, long value) {
		int mask = table.length - 1;
		// the low bits: the high ones chose the stripe
		int index = (int) value & mask;
		while (table[index] != 0) {
			if (table[index] == value) {
				return false;
			}
			index = (index + 1) & mask;
		}
		table[index] = value;
		return true;
	}

}
