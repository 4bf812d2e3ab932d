package dev.tandem.tools.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of one agent's port that a fault can cut: the real way to partition
 * two agents on one machine without network namespaces. While cut, nothing moves in either
 * direction and new connections wait (as packets would be lost and retransmitted in a real
 * partition: both ends' TCP windows fill, calls time out); on heal everything buffered flows
 * again. {@link #reset()} closes every relayed connection (a link that came back with new
 * connections, e.g. after a router reboot).
 */
public final class LinkProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile boolean cut;
    private volatile boolean closed;

    public LinkProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "link-proxy-" + target.getPort());
        t.setDaemon(true);
        t.start();
    }

    /** host:port to dial instead of the target. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public void cut() {
        cut = true;
    }

    public void heal() {
        synchronized (gate) {
            cut = false;
            gate.notifyAll();
        }
    }

    public boolean isCut() {
        return cut;
    }

    /** Closes every relayed connection; new ones are relayed as before. */
    public void reset() {
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket in = server.accept();
                in.setTcpNoDelay(true);
                open.add(in);
                Thread t = new Thread(() -> relay(in), "link-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void relay(Socket in) {
        try {
            waitWhileCut();
            Socket out = new Socket();
            out.connect(target, 2000);
            out.setTcpNoDelay(true);
            open.add(out);
            Thread back = new Thread(() -> pump(out, in), "link-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(in, out);
        } catch (IOException | InterruptedException e) {
            closeQuietly(in);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream is = from.getInputStream(); OutputStream os = to.getOutputStream()) {
            while (true) {
                waitWhileCut();
                int n = is.read(buf);
                if (n < 0) {
                    break;
                }
                waitWhileCut(); // bytes read just before a cut wait too
                os.write(buf, 0, n);
                os.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void waitWhileCut() throws InterruptedException {
        synchronized (gate) {
            while (cut && !closed) {
                gate.wait(100);
            }
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        heal();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        reset();
    }
}
