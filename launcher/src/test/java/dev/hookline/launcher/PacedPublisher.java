package dev.hookline.launcher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hookline.launcher.Api.PublishedEvent;

/**
 * Publishes events in small batches on a fixed schedule, so that a test can act while
 * events are still streaming in.
 */
final class PacedPublisher implements AutoCloseable {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	private PacedPublisher() {
	}

	static PacedPublisher start(Api api, List<PublishedEvent> events, int batch, Duration every) {
		PacedPublisher publisher = new PacedPublisher();
		AtomicInteger next = new AtomicInteger();
		publisher.scheduler.scheduleWithFixedDelay(() -> {
			int from = next.getAndAdd(batch);
			if (from >= events.size()) {
				publisher.done.complete(null);
				return;
			}
			try {
				api.publish(events.subList(from, Math.min(from + batch, events.size())), batch);
			}
			catch (Exception | AssertionError ex) {
				publisher.done.completeExceptionally(ex);
			}
		}, 0, every.toMillis(), TimeUnit.MILLISECONDS);
		return publisher;
	}

	boolean isDone() {
		return this.done.isDone();
	}

	void await(Duration atMost) throws Exception {
		this.done.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
