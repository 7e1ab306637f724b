package dev.hookline.bench.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A sender that completes nothing until the fake clock reaches the end of a stall, then
 * completes everything at once, and every later send instantly. It measures latency the
 * naive way, from the moment each send was actually issued, for comparison.
 */
final class StallingSender implements Sender {

	private final FakeTimeSource time;

	private final long stallEndNanos;

	private final List<CompletableFuture<Void>> stalled = new ArrayList<>();

	final Map<Long, Long> issuedAtNanos = new HashMap<>();

	final Map<Long, Long> intendedEpochMicros = new HashMap<>();

	final LatencyRecorder naive = new LatencyRecorder();

	StallingSender(FakeTimeSource time, long stallEndNanos) {
		this.time = time;
		this.stallEndNanos = stallEndNanos;
		time.whenAdvanced(this::endStall);
	}

	@Override
	public CompletionStage<?> send(long seq, long intendedEpochMicros) {
		long issuedAt = this.time.nanoTime();
		this.issuedAtNanos.put(seq, issuedAt);
		this.intendedEpochMicros.put(seq, intendedEpochMicros);
		CompletableFuture<Void> done = new CompletableFuture<>();
		done.thenRun(() -> this.naive.recordNanos(this.time.nanoTime() - issuedAt));
		if (issuedAt < this.stallEndNanos) {
			this.stalled.add(done);
		}
		else {
			done.complete(null);
		}
		return done;
	}

	private void endStall() {
		if (this.time.nanoTime() >= this.stallEndNanos) {
			List<CompletableFuture<Void>> released = List.copyOf(this.stalled);
			this.stalled.clear();
			released.forEach((done) -> done.complete(null));
		}
	}

}
