package dev.flexsdk.tests

import com.sun.jna.Library
import com.sun.jna.Native
import com.sun.jna.Platform
import dev.flexsdk.FlexClient
import dev.flexsdk.FlexEvent
import dev.flexsdk.FlexEventListener
import dev.flexsdk.events
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.fail

/** The C library, for the OS thread identity (JNA gives each callback a fresh `java.lang.Thread`). */
@Suppress("FunctionName")
interface LibC : Library {
    fun pthread_self(): Long

    companion object : LibC by Native.load(Platform.C_LIBRARY_NAME, LibC::class.java)
}

/**
 * Starts waiting for the first event of [client] of type [E] matching [predicate] — the
 * `client.events()` Flow is collected from now on — for up to [timeoutMs]; act, then `await()`.
 */
inline fun <reified E : FlexEvent> CoroutineScope.expect(
    client: FlexClient,
    timeoutMs: Long = 10_000,
    crossinline predicate: (E) -> Boolean = { true },
): Deferred<E> = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
    withTimeout(timeoutMs) { client.events().filterIsInstance<E>().first { predicate(it) } }
}

/** Keeps every event in order and lets a test wait for one, with a timeout. */
abstract class EventLog {
    @PublishedApi internal val recorded = MutableStateFlow(emptyList<FlexEvent>())

    /** The events so far, in order. */
    val events: List<FlexEvent> get() = recorded.value

    /** Appends [event]. */
    protected fun record(event: FlexEvent) = recorded.update { it + event }

    /** The first recorded event of type [E] matching [predicate], waiting up to [timeoutMs]. */
    suspend inline fun <reified E : FlexEvent> await(timeoutMs: Long = 10_000, crossinline predicate: (E) -> Boolean = { true }): E {
        val match = { e: FlexEvent -> e is E && predicate(e) }
        return try {
            withTimeout(timeoutMs) { recorded.first { list -> list.any(match) }.first(match) as E }
        } catch (_: TimeoutCancellationException) {
            fail("no ${E::class.simpleName} matching in ${timeoutMs}ms; got ${kinds()}")
        }
    }

    /** Waits up to [timeoutMs] until [check] finds something in the events so far ([what] names it in a failure). */
    suspend fun <T : Any> until(what: String, timeoutMs: Long = 10_000, check: (List<FlexEvent>) -> T?): T = try {
        withTimeout(timeoutMs) { recorded.mapNotNull { check(it) }.first() }
    } catch (_: TimeoutCancellationException) {
        fail("no $what in ${timeoutMs}ms; got ${kinds()}")
    }

    /** The event class names, in order. */
    fun kinds(): List<String> = events.map { it::class.simpleName ?: "?" }
}

/** Collects [client]'s `events()` Flow from construction until [close] (or the client's end). */
class Recorder(client: FlexClient) : EventLog(), AutoCloseable {
    private val scope = CoroutineScope(Dispatchers.Default)

    init {
        // Undispatched: the stream is registered before the constructor returns.
        scope.launch(start = CoroutineStart.UNDISPATCHED) { client.events().collect { record(it) } }
    }

    /** Stops collecting. */
    override fun close() = scope.cancel()
}

/** A listener that keeps every event and the OS thread (`pthread_self`) it came on. */
open class ListenerRecorder : EventLog(), FlexEventListener {
    private val nativeThreads = MutableStateFlow(emptySet<Long>())

    /** The OS threads that delivered events. */
    val threads: Set<Long> get() = nativeThreads.value

    override fun onEvent(event: FlexEvent) {
        nativeThreads.update { it + LibC.pthread_self() }
        record(event)
    }
}
