"""Calls the gateway's /v1/chat/completions with the official OpenAI SDK and prints what it got.

Environment: BAAS_URL (the gateway's base URL) and BAAS_KEY (a virtual key).
"""

import json
import os

import openai

client = openai.OpenAI(base_url=os.environ["BAAS_URL"] + "/v1", api_key=os.environ["BAAS_KEY"], max_retries=0)
messages = [
    {"role": "system", "content": "Você é o Lobo, assistente da VM Deco."},
    {"role": "user", "content": "Qual o horário da loja amanhã?"},
]

plain = client.chat.completions.create(model="claude-sonnet-4-5", messages=messages, max_tokens=256)
stream = client.chat.completions.create(
    model="claude-sonnet-4-5",
    messages=messages,
    max_tokens=256,
    stream=True,
    stream_options={"include_usage": True},
)
streamed_text = ""
streamed_usage = None
finish = None
for chunk in stream:
    if chunk.choices:
        streamed_text += chunk.choices[0].delta.content or ""
        finish = chunk.choices[0].finish_reason or finish
    if chunk.usage:
        streamed_usage = [chunk.usage.prompt_tokens, chunk.usage.completion_tokens]

errors = {}
try:
    openai.OpenAI(base_url=os.environ["BAAS_URL"] + "/v1", api_key="baas_vk_wrong", max_retries=0).chat.completions.create(
        model="claude-sonnet-4-5", messages=messages
    )
except openai.AuthenticationError as e:
    errors["auth"] = e.status_code
try:
    client.chat.completions.create(
        model="claude-sonnet-4-5",
        messages=messages,
        tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
    )
except openai.BadRequestError as e:
    errors["tools"] = e.status_code

print(json.dumps({
    "plain_text": plain.choices[0].message.content,
    "plain_finish": plain.choices[0].finish_reason,
    "plain_usage": [plain.usage.prompt_tokens, plain.usage.completion_tokens],
    "streamed_text": streamed_text,
    "streamed_finish": finish,
    "streamed_usage": streamed_usage,
    "errors": errors,
}))
