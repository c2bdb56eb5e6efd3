package dev.flexsdk.tests

import dev.flexsdk.FlexEvent
import dev.flexsdk.events
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/** An events flow whose collector falls behind holds 1024 events, then reports how many it dropped. */
@ExtendWith(EmulatorExtension::class)
class BoundedDeliveryTest {
    /** The `n` attribute of a worker-attributes event. */
    private fun n(event: FlexEvent): Int? =
        (event as? FlexEvent.WorkerAttributesUpdated)?.worker?.attributes?.jsonObject?.get("n")?.jsonPrimitive?.int

    @Test
    fun `a collector that falls behind gets EventsDropped with the count, then the rest in order`(emu: Emulator) = runBlocking<Unit> {
        val total = 1100 // > 1024 unread: the cheapest real events are worker updates through the public REST API
        val workerSid = emu.user().string("worker_sid")
        fun update(n: Int) = emu.taskrouterPost("Workers/$workerSid", mapOf("Attributes" to """{"n":$n}"""))

        emu.connect().use { client ->
            Recorder(client).use { fast ->
                val gate = CompletableDeferred<Unit>()
                val slow = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                    val got = mutableListOf<FlexEvent>()
                    withTimeout(120_000) {
                        client.events().first { event ->
                            if (got.isEmpty()) gate.await() // stops reading at the first event
                            got += event
                            n(event) == total
                        }
                    }
                    got
                }
                withContext(Dispatchers.IO) { (0 until total).forEach(::update) }
                fast.await<FlexEvent.WorkerAttributesUpdated>(60_000) { n(it) == total - 1 }
                assertEquals((0 until total).toList(), fast.events.mapNotNull(::n), "a reader that keeps up gets everything")
                gate.complete(Unit)
                withContext(Dispatchers.IO) { update(total) }

                val got = slow.await()
                val dropped = got.filterIsInstance<FlexEvent.EventsDropped>()
                assertEquals(1, dropped.size, "${got.size} events")
                val at = got.indexOf(dropped.single())
                val before = got.subList(0, at).map { n(it) }
                val after = got.subList(at + 1, got.size).map { n(it) }
                assertEquals((0 until before.size).toList(), before, "the first events, in order")
                assertTrue(before.size >= 1024, "${before.size} held")
                assertEquals(total - before.size, dropped.single().count.toInt(), "the count of what was dropped")
                assertEquals(listOf(total), after, "then delivery goes on")
            }
        }
    }
}
