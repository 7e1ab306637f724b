package dev.hookline.bench.receiver;

/**
 * The command line of {@link BenchReceiver#main}.
 *
 * @param host the address to listen on
 * @param port the port, 0 for a free one
 * @param eventLoops the number of Netty event loops
 * @param exitOnStdinEof whether to exit when stdin closes, i.e. when the parent process
 * is gone
 */
record ReceiverArguments(String host, int port, int eventLoops, boolean exitOnStdinEof) {

	/**
	 * Reads {@code --port N --host H --loops N --exit-on-stdin-eof}.
	 * @throws IllegalArgumentException on an unknown option or a missing value
	 */
	static ReceiverArguments parse(String... args) {
		String host = "127.0.0.1";
		int port = 0;
		int loops = BenchReceiver.defaultEventLoops();
		boolean exitOnEof = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--port" -> port = Integer.parseInt(value(args, ++i));
				case "--host" -> host = value(args, ++i);
				case "--loops" -> loops = Integer.parseInt(value(args, ++i));
				case "--exit-on-stdin-eof" -> exitOnEof = true;
				default -> throw new IllegalArgumentException(
						"unknown option " + args[i] + "; usage: --port N [--host H] [--loops N] [--exit-on-stdin-eof]");
			}
		}
		return new ReceiverArguments(host, port, loops, exitOnEof);
	}

	private static String value(String[] args, int i) {
		if (i >= args.length) {
			throw new IllegalArgumentException(args[i - 1] + " needs a value");
		}
		return args[i];
	}

}
