package io.runbookd.rules;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on SIGHUP, the Unix way to say "reload". It reaches {@code sun.misc.Signal}
 * through reflection because javac's "internal proprietary API" warning cannot be suppressed and
 * the build treats warnings as errors; platforms or JVMs without HUP (Windows, {@code -Xrs}) get no
 * handler and a debug line, not a failure.
 */
final class HangupSignal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

  private Method handle;
  private Object signal;
  private Object previous;

  /** Installs {@code action} as the HUP handler; false when this JVM cannot. */
  synchronized boolean install(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
      Object handler =
          Proxy.newProxyInstance(
              HangupSignal.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> invoke(proxy, method, args, action));
      Method register = signalClass.getMethod("handle", signalClass, handlerClass);
      previous = register.invoke(null, hup, handler);
      handle = register;
      signal = hup;
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.debug("no SIGHUP handler on this platform: {}", e.toString());
      return false;
    }
  }

  private static Object invoke(Object proxy, Method method, Object[] args, Runnable action) {
    return switch (method.getName()) {
      case "handle" -> {
        action.run();
        yield null;
      }
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "SIGHUP handler";
    };
  }

  /** Puts back the handler that was there before {@link #install}. */
  @Override
  public synchronized void close() {
    if (handle == null) {
      return;
    }
    try {
      handle.invoke(null, signal, previous);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      LOG.debug("could not restore the previous SIGHUP handler: {}", e.toString());
    }
    handle = null;
  }
}
