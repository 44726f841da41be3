from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: staff are added by the charity, and people
    join with the invitation code their coach gives them."""

    # allauth's messages that reach our pages, in our words.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "enter_current_password": "That is not your password now. Please try again.",
    }

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        return request.user.home_url()
