package dev.hookline.ingest.deliverylog;

import java.time.Duration;

import dev.hookline.ingest.IngestProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code hookline.ingest.delivery-log.*}: defaults, overrides and out-of-range values.
 */
class DeliveryLogPropertiesTest {

	@Test
	void everySettingHasADefault() {
		IngestProperties.DeliveryLog settings = bind(new MockEnvironment()).deliveryLog();

		assertThat(settings).isEqualTo(IngestProperties.DeliveryLog.DEFAULTS);
		assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
		assertThat(settings.maxDeliveries()).isEqualTo(100_000);
		assertThat(settings.maxAttemptsPerSubscription()).isEqualTo(1000);
	}

	@Test
	void theSettingsAreReadFromTheirPrefix() {
		IngestProperties.DeliveryLog settings = bind(
				new MockEnvironment().withProperty("hookline.ingest.delivery-log.retention", "2d")
					.withProperty("hookline.ingest.delivery-log.max-deliveries", "5000")
					.withProperty("hookline.ingest.delivery-log.max-attempts-per-subscription", "20"))
			.deliveryLog();

		assertThat(settings).isEqualTo(new IngestProperties.DeliveryLog(Duration.ofDays(2), 5000, 20));
	}

	@Test
	void anOutOfRangeSettingFailsTheStartUp() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(
					() -> bind(new MockEnvironment().withProperty("hookline.ingest.delivery-log.max-deliveries", "0")))
			.havingRootCause()
			.withMessageContaining("hookline.ingest.delivery-log.max-deliveries");
	}

	private static IngestProperties bind(MockEnvironment environment) {
		return Binder.get(environment).bindOrCreate("hookline.ingest", IngestProperties.class);
	}

}
