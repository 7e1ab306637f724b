package dev.hookline.worker.endpoint;

import dev.hookline.sender.http.SendError;
import dev.hookline.sender.http.SendResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTest {

	@Test
	void anEndpointThatIsDownOrOverloadedFails() {
		for (int status : new int[] { 500, 502, 503, 504, 408, 429 }) {
			assertThat(Health.of(SendResult.answered(status, 10, null, null))).as("status %d", status)
				.isEqualTo(Health.FAILURE);
		}
		for (SendError error : new SendError[] { SendError.TIMEOUT, SendError.CONNECT_ERROR, SendError.CONNECTION_RESET,
				SendError.DNS_ERROR, SendError.TLS_ERROR, SendError.IO_ERROR }) {
			assertThat(Health.of(SendResult.failed(error, 10))).as("error %s", error).isEqualTo(Health.FAILURE);
		}
	}

	@Test
	void anEndpointThatAnswersIsHealthyEvenWhenItRefusesTheWebhook() {
		for (int status : new int[] { 200, 204, 301, 400, 401, 404, 410, 422 }) {
			assertThat(Health.of(SendResult.answered(status, 10, null, null))).as("status %d", status)
				.isEqualTo(Health.SUCCESS);
		}
	}

	@Test
	void aRequestThatNeverReachedTheEndpointTellsNothingAboutIt() {
		for (SendError error : new SendError[] { SendError.BLOCKED_ADDRESS, SendError.INVALID_URL,
				SendError.INSECURE_URL, SendError.INVALID_HEADER, SendError.INVALID_SECRET, SendError.POOL_EXHAUSTED,
				SendError.INTERNAL_ERROR }) {
			assertThat(Health.of(SendResult.failed(error, 0))).as("error %s", error).isEqualTo(Health.IGNORED);
		}
	}

}
