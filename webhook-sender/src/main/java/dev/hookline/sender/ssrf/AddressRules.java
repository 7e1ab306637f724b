package dev.hookline.sender.ssrf;

import java.net.InetAddress;

/**
 * Classifies IP addresses for the SSRF guard.
 *
 * <p>
 * IPv4 is checked against the IANA special-purpose registry. IPv6 is allowed only in
 * global unicast ({@code 2000::/3}) minus its documentation and Teredo blocks; the forms
 * that embed an IPv4 address (mapped {@code ::ffff:0:0/96}, compatible {@code ::/96},
 * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by the address they
 * embed, so {@code ::ffff:127.0.0.1} is loopback.
 */
final class AddressRules {

	private AddressRules() {
	}

	static AddressClass classify(InetAddress address) {
		byte[] bytes = address.getAddress();
		return (bytes.length == 4) ? classifyV4(bytes, 0) : classifyV6(bytes);
	}

	private static AddressClass classifyV4(byte[] b, int at) {
		int a = b[at] & 0xff;
		int c = b[at + 1] & 0xff;
		int d = b[at + 2] & 0xff;
		if (a == 127 || a == 10 || (a == 172 && (c & 0xf0) == 16) || (a == 192 && c == 168)
				|| (a == 100 && (c & 0xc0) == 64)) {
			return AddressClass.INTERNAL;
		}
		if (a == 0 || a >= 224 || (a == 169 && c == 254)) {
			// this-network, multicast, reserved 240/4 with broadcast, link-local
			return AddressClass.FORBIDDEN;
		}
		if ((a == 192 && c == 0 && (d == 0 || d == 2)) || (a == 192 && c == 88 && d == 99)
				|| (a == 198 && (c & 0xfe) == 18) || (a == 198 && c == 51 && d == 100)
				|| (a == 203 && c == 0 && d == 113)) {
			// IETF assignments, TEST-NETs, 6to4 relay anycast, benchmarking
			return AddressClass.FORBIDDEN;
		}
		return AddressClass.PUBLIC;
	}

	private static AddressClass classifyV6(byte[] b) {
		if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
			return classifyV4(b, 12);
		}
		if (zero(b, 0, 12)) {
			if (zero(b, 12, 15)) {
				return (b[15] == 1) ? AddressClass.INTERNAL : AddressClass.FORBIDDEN;
			}
			return classifyV4(b, 12);
		}
		int first = b[0] & 0xff;
		int second = b[1] & 0xff;
		if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12)) {
			return classifyV4(b, 12);
		}
		if ((first & 0xfe) == 0xfc) {
			return AddressClass.INTERNAL;
		}
		if (first == 0x20 && second == 0x02) {
			return classifyV4(b, 2);
		}
		if ((first & 0xe0) != 0x20) {
			// outside global unicast: link-local, site-local, multicast, discard-only...
			return AddressClass.FORBIDDEN;
		}
		boolean documentation = (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8)
				|| (first == 0x3f && second == 0xff && (b[2] & 0xf0) == 0);
		boolean teredo = first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0;
		return (documentation || teredo) ? AddressClass.FORBIDDEN : AddressClass.PUBLIC;
	}

	private static boolean zero(byte[] b, int from, int to) {
		for (int i = from; i < to; i++) {
			if (b[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
