"""The dashboard as one ASGI application: Streamlit running ``app.py``, with Dragoman's own routes beside it
(the HttpOnly session cookie). ``dragoman serve`` runs it with ``streamlit run ui/server.py``.
"""

import streamlit as st

from ui.gateway import ROUTES

app = st.App("app.py", routes=ROUTES)
