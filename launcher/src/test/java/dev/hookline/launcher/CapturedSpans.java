package dev.hookline.launcher;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the spans every service of a test exports in memory: added to each service with
 * {@code spring.main.sources}, its exporter joins the one Spring Boot configures.
 */
@Configuration(proxyBeanMethods = false)
public class CapturedSpans {

	static final InMemorySpanExporter EXPORTED = InMemorySpanExporter.create();

	@Bean
	SpanExporter capturedSpanExporter() {
		return new SpanExporter() {

			@Override
			public io.opentelemetry.sdk.common.CompletableResultCode export(
					java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
				return EXPORTED.export(spans);
			}

			@Override
			public io.opentelemetry.sdk.common.CompletableResultCode flush() {
				return EXPORTED.flush();
			}

			@Override
			public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
				// the services stop one by one; the spans stay for the test
				return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
			}

		};
	}

}
