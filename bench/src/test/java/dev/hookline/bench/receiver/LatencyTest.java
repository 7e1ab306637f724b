package dev.hookline.bench.receiver;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class LatencyTest {

	@Test
	void logNormalSamplesHaveTheConfiguredMedianAndP99() {
		Latency.LogNormal latency = new Latency.LogNormal(50, 300);
		Random random = new Random(42);
		double[] samples = new double[100_000];
		for (int i = 0; i < samples.length; i++) {
			samples[i] = latency.sampleMillis(random);
		}
		Arrays.sort(samples);
		assertThat(samples[50_000]).isCloseTo(50, within(5.0));
		assertThat(samples[99_000]).isCloseTo(300, within(30.0));
	}

	@Test
	void aFixedLatencyIsAlwaysTheSame() {
		Latency latency = new Latency.Fixed(20);
		Random random = new Random(1);
		assertThat(latency.sampleMicros(random)).isEqualTo(20_000);
		assertThat(latency.sampleMicros(random)).isEqualTo(20_000);
	}

	@Test
	void bothTypesAreReadFromTheirJson() {
		JsonMapper json = JsonMapper.shared();
		assertThat(Latency.parse(json.readTree("{\"type\":\"fixed\",\"ms\":20}"))).isEqualTo(new Latency.Fixed(20));
		assertThat(Latency.parse(json.readTree("{\"type\":\"lognormal\",\"medianMs\":50,\"p99Ms\":300}")))
			.isEqualTo(new Latency.LogNormal(50, 300));
	}

	@Test
	void aLogNormalWhoseP99IsNotAboveItsMedianIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Latency
				.parse(JsonMapper.shared().readTree("{\"type\":\"lognormal\",\"medianMs\":300,\"p99Ms\":50}")))
			.withMessageContaining("p99Ms");
	}

	@Test
	void anUnknownTypeIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Latency.parse(JsonMapper.shared().readTree("{\"type\":\"uniform\"}")))
			.withMessageContaining("uniform");
	}

}
