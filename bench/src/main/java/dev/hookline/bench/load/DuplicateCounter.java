package dev.hookline.bench.load;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts distinct ids and repeats of ids already seen (a delivery received twice), from
 * many threads at once.
 *
 * <p>
 * It keeps a 64-bit fingerprint of each id, not the id: 12 to 23 bytes per id, so 10
 * million ids take 120 to 230 MB in a few large arrays, where a concurrent set of the
 * strings themselves (a {@code msg_} id is 36 chars) would take over 1 GB in 30 million
 * objects and burden the receiver's garbage collector. Two different ids share a
 * fingerprint with a probability of about n²/2⁶⁵ (3 in a million for 10 million ids), in
 * which case one repeat too many is counted. The ids are spread over independently locked
 * stripes, so threads rarely wait for each other.
 */
public final class DuplicateCounter {

	private static final int STRIPE_BITS = 6;

	private final FingerprintSet[] stripes = new FingerprintSet[1 << STRIPE_BITS];

	private final LongAdder duplicates = new LongAdder();

	public DuplicateCounter() {
		for (int i = 0; i < this.stripes.length; i++) {
			this.stripes[i] = new FingerprintSet();
		}
	}

	/**
	 * Records one occurrence of an id.
	 * @return true the first time the id is seen, false for a repeat
	 */
	public boolean record(String id) {
		long fingerprint = fingerprint(id);
		FingerprintSet stripe = this.stripes[(int) (fingerprint >>> (64 - STRIPE_BITS))];
		boolean added;
		synchronized (stripe) {
			added = stripe.add(fingerprint);
		}
		if (!added) {
			this.duplicates.increment();
		}
		return added;
	}

	/** How many different ids were recorded. */
	public long distinct() {
		long sum = 0;
		for (FingerprintSet stripe : this.stripes) {
			synchronized (stripe) {
				sum += stripe.size();
			}
		}
		return sum;
	}

	/** How many recordings repeated an id already seen (an id seen 3 times counts 2). */
	public long duplicates() {
		return this.duplicates.sum();
	}

	/** Forgets every id and count. */
	public void clear() {
		for (FingerprintSet stripe : this.stripes) {
			synchronized (stripe) {
				stripe.clear();
			}
		}
		this.duplicates.reset();
	}

	/**
	 * FNV-1a over the UTF-16 chars, then the MurmurHash3 finalizer to spread the bits.
	 */
	static long fingerprint(String id) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < id.length(); i++) {
			hash ^= id.charAt(i);
			hash *= 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		hash ^= hash >>> 33;
		return hash;
	}

}
