package dev.hookline.ingest;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IngestPropertiesTest {

	@Test
	void everyLimitHasADefault() {
		IngestProperties properties = bind(new MockEnvironment());
		assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofKilobytes(256));
		assertThat(properties.maxJsonDepth()).isEqualTo(32);
		assertThat(properties.maxBatch()).isEqualTo(1000);
		assertThat(properties.kafkaTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void anOutOfRangeLimitFailsTheStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(new MockEnvironment().withProperty("hookline.ingest.max-batch", "0")))
			.havingRootCause()
			.withMessageContaining("hookline.ingest.max-batch");
	}

	private static IngestProperties bind(MockEnvironment environment) {
		return Binder.get(environment).bindOrCreate("hookline.ingest", IngestProperties.class);
	}

}
