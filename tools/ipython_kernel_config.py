"""Configuration of the kernels that `make book` starts.

`make book` copies this file into _build/ipython/profile_default/ and points
IPYTHONDIR there, so only the kernels of the build read it.

nbclient, which myst-nb uses through jupyter-cache to execute every chapter,
starts each kernel over local TCP, and ipykernel's IPKernelApp then logs
"Kernel is running over TCP without encryption" once per notebook. The kernel
listens on 127.0.0.1 of the machine that builds the book, for the minutes the
chapter runs: the warning says nothing about the build. This drops exactly that
record from the IPKernelApp logger; every other kernel message still prints.
"""

import logging


class _DropUnencryptedTcpWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(
            "Kernel is running over TCP without encryption"
        )


# traitlets names an application's logger after its class.
logging.getLogger("IPKernelApp").addFilter(_DropUnencryptedTcpWarning())
