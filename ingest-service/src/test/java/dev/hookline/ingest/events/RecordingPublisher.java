package dev.hookline.ingest.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.hookline.schemas.Event;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An {@link EventPublisher} for slice tests: keeps what it was given, or fails as told.
 * Deliberately not a component, so the full application never scans it.
 */
class RecordingPublisher implements EventPublisher {

	final List<Event> published = new CopyOnWriteArrayList<>();

	private volatile @Nullable RuntimeException failure;

	@Override
	public Mono<Void> publish(List<Event> events) {
		RuntimeException toThrow = this.failure;
		if (toThrow != null) {
			return Mono.error(toThrow);
		}
		this.published.addAll(events);
		return Mono.empty();
	}

	void failWith(@Nullable RuntimeException failure) {
		this.failure = failure;
	}

	void reset() {
		this.published.clear();
		this.failure = null;
	}

}
