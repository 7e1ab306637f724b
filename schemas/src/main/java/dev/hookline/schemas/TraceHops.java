package dev.hookline.schemas;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * One hop of an event's trace across Kafka: a span started as the child of the W3C
 * {@code traceparent} the previous hop wrote (the producer's request, the event, the
 * delivery record), or as the root of a new trace when there is none, and that span's own
 * {@code traceparent} to write onward. Sampling follows the parent
 * ({@code management.tracing.sampling.probability} decides for new traces).
 *
 * <p>
 * The hops are ingest (the span {@code hookline.ingest}, from the request to Kafka's
 * acknowledgment), the router ({@code hookline.route}, per event) and each attempt of the
 * worker ({@code hookline.attempt}, whose {@code traceparent} the endpoint receives).
 * Kafka records carry the context: the event in its {@code traceparent} field, the
 * delivery in a {@code traceparent} record header that the retry tiers keep.
 */
public final class TraceHops {

	/** The record header and HTTP header that carry the trace context. */
	public static final String HEADER = "traceparent";

	/** Spans nowhere, for tests and tools. */
	public static final TraceHops NONE = new TraceHops(Tracer.NOOP, Propagator.NOOP);

	private final Tracer tracer;

	private final Propagator propagator;

	public TraceHops(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** Starts the hop's span; the caller ends it. */
	public Span start(String name, @Nullable String traceparent) {
		Span.Builder builder = (traceparent != null)
				? this.propagator.extract(Map.of(HEADER, traceparent), (carrier, key) -> carrier.get(key))
				: this.tracer.spanBuilder();
		return builder.name(name).start();
	}

	/** The trace context a record carries in its {@code traceparent} header, if any. */
	public static @Nullable String read(Headers headers) {
		Header header = headers.lastHeader(HEADER);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.US_ASCII)
				: null;
	}

	/**
	 * Puts the trace context, when there is one, in the record's {@code traceparent}
	 * header.
	 */
	public static void write(Headers headers, @Nullable String traceparent) {
		if (traceparent != null) {
			headers.add(HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
		}
	}

	/** The span's W3C {@code traceparent}; null when it is a no-op span. */
	public @Nullable String traceparent(Span span) {
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(span.context(), carrier, (into, key, value) -> into.put(key, value));
		return carrier.get(HEADER);
	}

}
