package dev.hookline.testsupport;

import java.util.concurrent.TimeoutException;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadDumpOnTimeoutTest {

	@Test
	void aBlockingReadThatTimedOutAndAnAwaitThatRanOutAreTimeoutsButAFailedAssertionIsNot() {
		assertThat(ThreadDumpOnTimeout.isTimeout(new IllegalStateException("Timeout on blocking read",
				new TimeoutException("Timeout on blocking read for 120000000000 NANOSECONDS"))))
			.isTrue();
		assertThat(ThreadDumpOnTimeout.isTimeout(new ConditionTimeoutException("not fulfilled within 2 minutes")))
			.isTrue();
		assertThat(ThreadDumpOnTimeout.isTimeout(new AssertionError("expected 201 but was 409"))).isFalse();
	}

}
