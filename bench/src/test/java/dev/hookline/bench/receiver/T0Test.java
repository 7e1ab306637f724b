package dev.hookline.bench.receiver;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class T0Test {

	@Test
	void theT0OfABenchmarkEventIsFound() {
		String body = "{\"id\":\"e1\",\"type\":\"bench.event\",\"timestamp\":\"2026-01-01T00:00:00Z\","
				+ "\"data\":{\"t0\":1767225600123456,\"seq\":7,\"pad\":\"xxxx\"}}";
		assertThat(T0.micros(bytes(body))).isEqualTo(1767225600123456L);
	}

	@Test
	void spacesAroundTheColonAreAllowed() {
		assertThat(T0.micros(bytes("{\"data\": {\"t0\" :  42}}"))).isEqualTo(42);
	}

	@Test
	void aBodyWithoutT0HasNone() {
		assertThat(T0.micros(bytes("{\"data\":{\"seq\":1}}"))).isEqualTo(-1);
		assertThat(T0.micros(bytes("{\"t0\":\"soon\"}"))).isEqualTo(-1);
		assertThat(T0.micros(new byte[0])).isEqualTo(-1);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
