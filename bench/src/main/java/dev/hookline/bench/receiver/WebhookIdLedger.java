package dev.hookline.bench.receiver;

/**
 * Remembers, for every webhook-id seen, how many attempts arrived and whether one was
 * answered 2xx, in about 15 bytes per id.
 *
 * <p>
 * A benchmark sees millions of ids: boxed keys in a {@code ConcurrentHashMap} would cost
 * several times the memory and load the receiver's GC. Ids are kept as 64-bit hashes, so
 * two ids collide with a probability of about n²/2⁶⁵ (one in 300,000 for ten million
 * ids). Lock striping keeps the event loops from waiting on each other.
 */
final class WebhookIdLedger {

	private static final int STRIPE_BITS = 6;

	private static final int SUCCEEDED = 0x80;

	private static final int MAX_ATTEMPTS = 0x7F;

	private final Stripe[] stripes = new Stripe[1 << STRIPE_BITS];

	WebhookIdLedger() {
		for (int i = 0; i < this.stripes.length; i++) {
			this.stripes[i] = new Stripe();
		}
	}

	/** A well-mixed 64-bit hash of a webhook-id, never 0 (0 means "no id"). */
	static long key(CharSequence id) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < id.length(); i++) {
			hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
		}
		long mixed = mix(hash);
		return (mixed != 0) ? mixed : 1;
	}

	/** A number in [0, 1) drawn from a key, uniform over keys. */
	static double unitInterval(long key) {
		return (mix(key ^ 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
	}

	/** Counts an attempt; answers how many attempts of this id arrived before it. */
	int arrive(long key) {
		return stripe(key).arrive(key);
	}

	/** Marks the id as answered 2xx; answers whether it already had been. */
	boolean succeed(long key) {
		return stripe(key).succeed(key);
	}

	private Stripe stripe(long key) {
		return this.stripes[(int) (key >>> (64 - STRIPE_BITS))];
	}

	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	/** An open-addressing table of keys and one state byte each. */
	private static final class Stripe {

		private long[] keys = new long[1024];

		private byte[] states = new byte[1024];

		private int size;

		synchronized int arrive(long key) {
			int slot = slot(key);
			int state = this.states[slot] & 0xFF;
			int attempts = state & MAX_ATTEMPTS;
			this.states[slot] = (byte) ((state & SUCCEEDED) | Math.min(MAX_ATTEMPTS, attempts + 1));
			return attempts;
		}

		synchronized boolean succeed(long key) {
			int slot = slot(key);
			int state = this.states[slot] & 0xFF;
			this.states[slot] = (byte) (state | SUCCEEDED);
			return (state & SUCCEEDED) != 0;
		}

		/** The slot of the key, inserted with state 0 when absent. */
		private int slot(long key) {
			int slot = find(this.keys, key);
			if (this.keys[slot] == key) {
				return slot;
			}
			if ((this.size + 1) * 3 > this.keys.length * 2) {
				grow();
				slot = find(this.keys, key);
			}
			this.keys[slot] = key;
			this.size++;
			return slot;
		}

		private void grow() {
			long[] oldKeys = this.keys;
			byte[] oldStates = this.states;
			this.keys = new long[oldKeys.length * 2];
			this.states = new byte[oldKeys.length * 2];
			for (int i = 0; i < oldKeys.length; i++) {
				if (oldKeys[i] != 0) {
					int slot = find(this.keys, oldKeys[i]);
					this.keys[slot] = oldKeys[i];
					this.states[slot] = oldStates[i];
				}
			}
		}

		/** The slot holding the key, or the empty slot where it belongs. */
		private static int find(long[] keys, long key) {
			int mask = keys.length - 1;
			int slot = (int) key & mask;
			while (keys[slot] != 0 && keys[slot] != key) {
				slot = (slot + 1) & mask;
			}
			return slot;
		}

	}

}
