/*
 * Affiliate Ledger checkout snippet (served at /snippet.js).
 * On every page a referred visitor lands on, it keeps the affiliate link's ?ref= (the affiliate's short code or id)
 * and ?aff_sess= (the click session) in sessionStorage, exactly as the affilut snippet does, so they survive the
 * navigation to your checkout. At checkout, pass them to Stripe:
 *   payment_intent_data.metadata = window.affiliateLedger.metadata()
 *     → { affiliate_id: <ref>, affiliate_session_id: <aff_sess> }
 * and, for subscriptions, set the same affiliate_id on the Stripe Customer's metadata (renewals are attributed by it).
 */
(function () {
  var KEYS = { ref: 'aff_ref', session: 'aff_sess' };
  function read(key) {
    try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
  }
  function keep(key, value) {
    try { if (value) window.sessionStorage.setItem(key, value); } catch (e) { /* storage disabled: nothing to keep */ }
  }
  var p = new URLSearchParams(window.location.search);
  keep(KEYS.ref, p.get('ref'));
  keep(KEYS.session, p.get('aff_sess'));
  window.affiliateLedger = {
    ref: function () { return read(KEYS.ref); },
    session: function () { return read(KEYS.session); },
    metadata: function () {
      var m = {}, ref = read(KEYS.ref), sess = read(KEYS.session);
      if (ref) m.affiliate_id = ref;
      if (sess) m.affiliate_session_id = sess;
      return m;
    }
  };
})();
