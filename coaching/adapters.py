from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: staff are added by the charity, and people
    join with the invitation code their coach gives them."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        return request.user.home_url()
