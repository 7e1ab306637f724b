package dev.hookline.sender.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Counts the response bytes read and copies only the first few as the snippet, so reading
 * a response allocates at most the snippet buffer. Used by one exchange at a time.
 */
final class CappedBody {

	private final int maxBytes;

	private final int snippetBytes;

	private byte @Nullable [] snippet;

	private int snippetLength;

	private long read;

	CappedBody(int maxBytes, int snippetBytes) {
		this.maxBytes = maxBytes;
		this.snippetBytes = snippetBytes;
	}

	/** Takes in one chunk, which Reactor Netty releases after this call. */
	void append(ByteBuf chunk) {
		int size = chunk.readableBytes();
		int take = Math.min(size, this.snippetBytes - this.snippetLength);
		if (take > 0) {
			if (this.snippet == null) {
				this.snippet = new byte[this.snippetBytes];
			}
			chunk.getBytes(chunk.readerIndex(), this.snippet, this.snippetLength, take);
			this.snippetLength += take;
		}
		this.read += size;
	}

	/** Whether the read cap is reached; a chunk already received may overshoot it. */
	boolean full() {
		return this.read >= this.maxBytes;
	}

	@Nullable String snippet() {
		byte[] bytes = this.snippet;
		if (bytes == null || this.snippetLength == 0) {
			return null;
		}
		return new String(bytes, 0, completeUtf8Prefix(bytes, this.snippetLength), StandardCharsets.UTF_8);
	}

	/**
	 * The length of {@code bytes[0, length)} without a multi-byte character cut off at
	 * its end, so the snippet does not end in a replacement character.
	 */
	static int completeUtf8Prefix(byte[] bytes, int length) {
		int lead = length - 1;
		while (lead >= 0 && length - lead <= 4 && (bytes[lead] & 0xc0) == 0x80) {
			lead--;
		}
		if (lead < 0) {
			return length;
		}
		int b = bytes[lead] & 0xff;
		int expected = (b < 0x80) ? 1 : (b >= 0xf0) ? 4 : (b >= 0xe0) ? 3 : (b >= 0xc0) ? 2 : 1;
		return (length - lead < expected) ? lead : length;
	}

}
