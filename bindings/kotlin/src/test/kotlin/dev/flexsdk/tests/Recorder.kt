package dev.flexsdk.tests

import com.sun.jna.Library
import com.sun.jna.Native
import com.sun.jna.Platform
import dev.flexsdk.FlexEvent
import dev.flexsdk.FlexEventListener
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.fail

/** The C library, for the OS thread identity (JNA gives each callback a fresh `java.lang.Thread`). */
@Suppress("FunctionName")
interface LibC : Library {
    fun pthread_self(): Long

    companion object : LibC by Native.load(Platform.C_LIBRARY_NAME, LibC::class.java)
}

/** A listener that keeps every event (and the OS thread it came on) and lets a test wait for one. */
open class Recorder : FlexEventListener {
    @PublishedApi internal val recorded = MutableStateFlow(emptyList<FlexEvent>())
    private val nativeThreads = MutableStateFlow(emptySet<Long>())

    /** The events so far, in order. */
    val events: List<FlexEvent> get() = recorded.value

    /** The OS threads (`pthread_self`) that delivered events. */
    val threads: Set<Long> get() = nativeThreads.value

    override fun onEvent(event: FlexEvent) {
        nativeThreads.update { it + LibC.pthread_self() }
        recorded.update { it + event }
    }

    /** The first recorded event of type [E] matching [predicate], waiting up to [timeoutMs]. */
    suspend inline fun <reified E : FlexEvent> await(timeoutMs: Long = 10_000, crossinline predicate: (E) -> Boolean = { true }): E {
        val match = { e: FlexEvent -> e is E && predicate(e) }
        return try {
            withTimeout(timeoutMs) { recorded.first { list -> list.any(match) }.first(match) as E }
        } catch (_: TimeoutCancellationException) {
            fail("no ${E::class.simpleName} matching in ${timeoutMs}ms; got ${kinds()}")
        }
    }

    /** The event class names, in order. */
    fun kinds(): List<String> = events.map { it::class.simpleName ?: "?" }
}
