"""Checked by mypy --strict and pyright, never run: the OpenAI catalogs' previous class names.

Deprecated (each use warns at run time, and they go in 0.4.0), they are still the same
types to a type checker as the classes' names now.
"""

from azure_style_events.openai_realtime import Audio, AudioPCM, RealtimeAudioFormatsAudioPCM, RealtimeResponseAudio
from azure_style_events.openai_realtime.beta import ClientSecret, TranscriptionSessionClientSecret


def old_names_are_the_classes(audio: Audio, secret: ClientSecret, pcm: RealtimeAudioFormatsAudioPCM) -> None:
    now: RealtimeResponseAudio = audio
    also: TranscriptionSessionClientSecret = secret
    before: AudioPCM = pcm
    print(now, also, before)
